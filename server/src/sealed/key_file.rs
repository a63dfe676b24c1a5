//! The key file: `secret.key` in the data directory, 64 hex characters, readable by its owner
//! only (created with mode 0600 on first run, refused at start when others may read it).
//! During a rotation the new key waits in `secret.key.next` until the database is sealed with
//! it; the start-up check then makes it the key (see [`super::store`]).

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use secrecy::{ExposeSecret, SecretString};

use super::SealingKey;

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "secret.key";
/// A rotation's new key, until the database is sealed with it.
pub const NEXT_KEY_FILE: &str = "secret.key.next";

/// Where the key in use came from, for messages to the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The `SECRET_KEY` setting (environment, flag or config file).
    Setting,
    /// A key file.
    File(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Setting => f.write_str("SECRET_KEY"),
            KeySource::File(path) => write!(f, "the key file {}", path.display()),
        }
    }
}

/// The key file of this data directory.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// The file a rotation keeps its new key in until the database is sealed with it.
pub fn next_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(NEXT_KEY_FILE)
}

/// Reads a key file; `None` when there is none. A file other users may read, or one that
/// holds no key, is an error rather than a reason to make a new key.
pub fn read(path: &Path) -> anyhow::Result<Option<SealingKey>> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| format!("reading the key file {}", path.display()))
        }
    };
    if !metadata.is_file() {
        bail!("the key file {} is not a file", path.display());
    }
    check_private(path, &metadata)?;
    let text = SecretString::from(
        fs::read_to_string(path)
            .with_context(|| format!("reading the key file {}", path.display()))?,
    );
    SealingKey::parse(text.expose_secret())
        .map(Some)
        .with_context(|| format!("the key file {} does not hold a key", path.display()))
}

#[cfg(unix)]
fn check_private(path: &Path, metadata: &fs::Metadata) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "the key file {path} may be read by other users (mode {mode:03o}); \
             make it private with `chmod 600 {path}`",
            path = path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _metadata: &fs::Metadata) -> anyhow::Result<()> {
    Ok(())
}

/// Writes a new key file only its owner can read (mode 0600 from the start, never wider);
/// fails when the file already exists. The data is on disk when this returns.
pub fn create(path: &Path, text: &SecretString) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .with_context(|| format!("creating the data directory {}", dir.display()))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating the key file {}", path.display()))?;
    file.write_all(format!("{}\n", text.expose_secret()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the key file {}", path.display()))?;
    sync_dir(path);
    Ok(())
}

/// Makes the rotation's new key the key, in one atomic rename.
pub fn promote_next(data_dir: &Path) -> anyhow::Result<()> {
    let (next, key) = (next_key_path(data_dir), key_path(data_dir));
    fs::rename(&next, &key).with_context(|| {
        format!(
            "renaming {} to {}: rename it by hand, it holds the key the database is sealed with",
            next.display(),
            key.display()
        )
    })?;
    sync_dir(&key);
    Ok(())
}

/// Drops a rotation's new key that the database was never sealed with.
pub fn discard_next(data_dir: &Path) -> anyhow::Result<()> {
    let next = next_key_path(data_dir);
    match fs::remove_file(&next) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing {}", next.display())),
    }
}

/// Makes a new or renamed file in the file's directory survive a crash (best effort: not
/// every platform can sync a directory).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_key_file_reads_back_and_only_its_owner_may_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = key_path(&dir.path().join("data"));
        assert!(read(&path).unwrap().is_none(), "no file yet");
        let (key, text) = SealingKey::generate();
        create(&path, &text).unwrap();
        assert_eq!(read(&path).unwrap().unwrap().id(), key.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(create(&path, &text).is_err(), "never overwritten");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = key_path(dir.path());
        create(&path, &SealingKey::generate().1).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let error = format!("{:#}", read(&path).unwrap_err());
        assert!(error.contains("chmod 600"), "{error}");
    }

    #[test]
    fn a_key_file_without_a_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = key_path(dir.path());
        create(&path, &SecretString::from("not a key".to_owned())).unwrap();
        let error = format!("{:#}", read(&path).unwrap_err());
        assert!(error.contains("does not hold a key"), "{error}");
    }

    #[test]
    fn the_next_key_replaces_the_key_or_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        create(&key_path(dir.path()), &SealingKey::generate().1).unwrap();
        let (next, text) = SealingKey::generate();
        create(&next_key_path(dir.path()), &text).unwrap();
        promote_next(dir.path()).unwrap();
        assert_eq!(
            read(&key_path(dir.path())).unwrap().unwrap().id(),
            next.id()
        );
        assert!(!next_key_path(dir.path()).exists());
        create(&next_key_path(dir.path()), &SealingKey::generate().1).unwrap();
        discard_next(dir.path()).unwrap();
        discard_next(dir.path()).unwrap();
        assert!(!next_key_path(dir.path()).exists());
    }
}
