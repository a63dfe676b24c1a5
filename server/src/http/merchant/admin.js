// Shopchat merchant pages: the few things that need a script. Served as a file, so the pages'
// Content-Security-Policy allows no inline script.
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  // Copy buttons: <button data-copy="ID"> copies the text of the element with that id.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      var status = button.parentElement.querySelector('.copied');
      var text = source ? source.textContent : '';
      var done = function () { if (status) status.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(source); done(); });
      } else {
        fallbackCopy(source);
        done();
      }
    });
  });

  // CSV imports (Catalog, Answers): upload the file with a progress bar, then show the server's report.
  var form = document.getElementById('import-form');
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = document.getElementById('import-file').files[0];
      if (!file) return;
      var progress = document.getElementById('import-progress');
      var report = document.getElementById('import-report');
      var button = form.querySelector('button');
      progress.hidden = false;
      progress.removeAttribute('value');
      button.disabled = true;
      report.textContent = 'Uploading…';
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('data-action') || '/admin/catalog/import');
      xhr.setRequestHeader('Content-Type', 'text/csv');
      xhr.setRequestHeader('X-CSRF-Token', form.getAttribute('data-csrf'));
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.upload.addEventListener('load', function () { report.textContent = 'Importing…'; });
      xhr.addEventListener('load', function () {
        progress.value = 100;
        button.disabled = false;
        var type = xhr.getResponseHeader('Content-Type') || '';
        if (type.indexOf('text/html') === 0) {
          // The server escapes every value in the report fragment.
          report.innerHTML = xhr.responseText;
          var again = document.createElement('p');
          var link = document.createElement('a');
          link.href = form.getAttribute('data-return') || '/admin/catalog';
          link.textContent = form.getAttribute('data-return-text') || 'Show the updated product list';
          again.appendChild(link);
          report.appendChild(again);
        } else {
          report.textContent = 'The import failed (' + xhr.status + '). Reload the page and try again.';
        }
      });
      xhr.addEventListener('error', function () {
        button.disabled = false;
        report.textContent = 'The upload failed: check the connection and try again.';
      });
      xhr.send(file);
    });
  }

  // Settings: the preview shows the brand colour being chosen before it is saved.
  var colour = document.getElementById('brand-color');
  var preview = document.getElementById('preview');
  if (colour && preview) {
    var apply = function () {
      try {
        preview.contentDocument.documentElement.style.setProperty('--sc-brand', colour.value);
      } catch (e) { /* the preview is still loading */ }
    };
    colour.addEventListener('input', apply);
    preview.addEventListener('load', apply);
  }
});

function fallbackCopy(source) {
  if (!source) return;
  var range = document.createRange();
  range.selectNodeContents(source);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try { document.execCommand('copy'); } catch (e) { /* the text stays selected */ }
}
