//! [`Redraw`]: what a reactive closure in a view returns when its view should be drawn anew
//! each time, rather than patched.
//!
//! Patching (`Render::rebuild`) is the right default, but it is a second copy of every element,
//! attribute and event listener of the view in the wasm, next to the code that builds it. For
//! views that change rarely and all at once (the cards under a reply, the suggestion chips,
//! the error banner) that copy is several kilobytes too many: `Redraw` builds the new view,
//! puts it where the old one was and removes the old one, as Leptos does when an `Either`
//! switches sides, so only the building code is compiled.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// A view that is replaced, not patched, when its reactive closure runs again.
pub struct Redraw<V>(pub V);

impl<V: Render> Render for Redraw<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut fresh = self.0.build();
        state.insert_before_this(&mut fresh);
        state.unmount();
        *state = fresh;
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Redraw<V> {
    type Output<SomeNewAttr: Attribute> = Redraw<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Redraw(self.0.add_any_attr(attr))
    }
}

// Needed to be a child in `view!`; the widget only renders in the browser, so these just pass
// through to the wrapped view.
impl<V: RenderHtml> RenderHtml for Redraw<V> {
    type AsyncOutput = Redraw<V::AsyncOutput>;
    type Owned = Redraw<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Redraw(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        Redraw(self.0.into_owned())
    }
}
