//! DOM capture for telemetry: delegated capture-phase click and change listeners (names only from
//! `data-rum-action` / `data-dd-action-name`, never from text), SPA navigation, and page exit.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;

use super::delivery::{exit, page_hide, resume};
use super::runtime::Shared;
use super::telemetry::{page_view, record};
use crate::browser::events::{event_element, patch_history, Listener};
use crate::browser::global::{document, is_hidden, window};
use va_rollout_core::telemetry::builders;

const ACTION_SELECTOR: &str = "[data-rum-action],[data-dd-action-name]";

thread_local! {
    /// `history` is patched once per page; every live Rollout with telemetry hears about SPA
    /// navigations through this list (weak: a dropped Rollout is not kept alive by the patch).
    static NAVIGATION: RefCell<Option<Vec<Weak<RefCell<super::runtime::Runtime>>>>> = const { RefCell::new(None) };
}

fn on_history_change() {
    let live: Vec<Shared> = NAVIGATION.with(|n| {
        let mut n = n.borrow_mut();
        let list = n.get_or_insert_with(Vec::new);
        list.retain(|w| w.strong_count() > 0);
        list.iter().filter_map(Weak::upgrade).collect()
    });
    for shared in live {
        page_view(&shared);
    }
}

/// Adds `shared` to the navigation listeners, patching `history` on first use.
fn listen_to_history(shared: &Shared) {
    let first = NAVIGATION.with(|n| {
        let mut n = n.borrow_mut();
        let first = n.is_none();
        n.get_or_insert_with(Vec::new).push(Rc::downgrade(shared));
        first
    });
    if first {
        patch_history(|_| on_history_change());
    }
}

fn action_name(el: &web_sys::Element) -> Option<String> {
    el.get_attribute("data-rum-action")
        .or_else(|| el.get_attribute("data-dd-action-name"))
        .filter(|n| !n.trim().is_empty())
}

/// Radio buttons and selects report on `change` (with the chosen option's name), not on click.
fn reports_on_change(el: &web_sys::Element) -> bool {
    el.dyn_ref::<web_sys::HtmlSelectElement>().is_some()
        || el
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|i| i.type_() == "radio")
}

fn on_click(shared: &Shared, event: &web_sys::Event) {
    let Some(el) = event_element(event) else {
        return;
    };
    if reports_on_change(&el) {
        return;
    }
    let Some(target) = el.closest(ACTION_SELECTOR).ok().flatten() else {
        return;
    };
    let Some(name) = action_name(&target) else {
        return;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    record(shared, |c| builders::click(c, &name, &tag));
}

fn on_change(shared: &Shared, event: &web_sys::Event) {
    let Some(el) = event_element(event) else {
        return;
    };
    let name = if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        let index = select.selected_index();
        let chosen = u32::try_from(index).ok().and_then(|i| select.item(i));
        chosen
            .as_ref()
            .and_then(action_name)
            .or_else(|| action_name(&el))
    } else if el
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.type_() == "radio")
    {
        el.closest(ACTION_SELECTOR)
            .ok()
            .flatten()
            .as_ref()
            .and_then(action_name)
    } else {
        None
    };
    let Some(name) = name else { return };
    let tag = el.tag_name().to_ascii_lowercase();
    record(shared, |c| builders::click(c, &name, &tag));
}

/// Registers every telemetry listener; the returned listeners live as long as the Rollout.
pub fn install(shared: &Shared) -> Vec<Listener> {
    let (Some(doc), Some(win)) = (document(), window()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let s = shared.clone();
    out.extend(Listener::new(&doc, "click", true, move |e| {
        on_click(&s, &e)
    }));
    let s = shared.clone();
    out.extend(Listener::new(&doc, "change", true, move |e| {
        on_change(&s, &e)
    }));
    for kind in ["popstate", "hashchange"] {
        let s = shared.clone();
        out.extend(Listener::new(&win, kind, false, move |_| page_view(&s)));
    }
    let s = shared.clone();
    out.extend(Listener::new(&doc, "visibilitychange", false, move |_| {
        if is_hidden() {
            exit(&s);
        } else {
            resume(&s);
        }
    }));
    let s = shared.clone();
    out.extend(Listener::new(&win, "pagehide", false, move |_| {
        page_hide(&s)
    }));
    let s = shared.clone();
    out.extend(Listener::new(&doc, "freeze", false, move |_| exit(&s)));
    listen_to_history(shared);
    out
}
