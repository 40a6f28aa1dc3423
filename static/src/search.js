// Progressive enhancement for /search and /providers (and any form with data-module="app-live-search"), following
// GOV.UK's filter pattern. Without JavaScript the same form works by submitting; this script only:
// - collapses the filter panel (.app-filter-panel) behind "Show filters (N selected)" on small screens;
// - applies a ticked checkbox or radio in the panel at once, fetching the page for the new URL and swapping in its
//   filters and results, keeping the URL (and so the back button) in step, the focus on the control the person
//   used, the open/closed state of each collapsible filter, and announcing the new result count;
// - applies selects (the sort order, or any select in the panel) only on an explicit action: their button, or
//   Enter. Changing a select's value with the arrow keys never reloads anything.
// Everything is keyed on classes and element types, so a new filter (another facet, a fieldset of radios) in a
// filter_section of templates/search/_filters.html needs no change here.
const form = document.querySelector("form[data-module='app-live-search']");
const SWAPPED = ["search-filters", "search-results"];
const SMALL_SCREEN = window.matchMedia("(max-width: 40.0525em)"); // GOV.UK's tablet breakpoint, 641px
let panelExpanded = false; // on small screens the panel starts collapsed; remembered across live updates

function selectedCount(panel) {
  return Number(panel.dataset.selected || 0);
}

function setPanel(panel, expanded) {
  const toggle = panel.querySelector(".app-filter-panel__toggle");
  const body = panel.querySelector(".app-filter-panel__body");
  if (!toggle || !body) return;
  const collapsible = SMALL_SCREEN.matches;
  toggle.hidden = !collapsible;
  panel.classList.toggle("app-filter-panel--collapsible", collapsible);
  body.hidden = collapsible && !expanded;
  toggle.setAttribute("aria-expanded", String(!body.hidden));
  toggle.textContent = `${expanded ? "Hide" : "Show"} filters (${selectedCount(panel)} selected)`;
}

function initPanel() {
  // Called on load, after each live update and when the screen crosses the breakpoint: it only sets state (the
  // toggle's click is handled once, on the form), so calling it again never doubles a listener.
  const panel = form.querySelector(".app-filter-panel");
  if (panel) setPanel(panel, panelExpanded);
}

function togglePanel(event) {
  if (!event.target.closest(".app-filter-panel__toggle")) return;
  panelExpanded = !panelExpanded;
  initPanel();
}

function openStates(root) {
  return new Map([...root.querySelectorAll("details[id]")].map((details) => [details.id, details.open]));
}

function restoreOpenStates(root, states) {
  for (const details of root.querySelectorAll("details[id]")) {
    if (states.has(details.id) && !details.querySelector("input:checked")) details.open = states.get(details.id);
  }
}

function focusAgain(id) {
  // The same control in the fresh page; if it is gone (a value with no results left), its filter's heading.
  const control = id && document.getElementById(id);
  if (control) {
    control.focus();
    return;
  }
  form.querySelector(".app-filter-section__summary, #search-results")?.focus();
}

async function update(url, push) {
  const response = await fetch(url, { headers: { Accept: "text/html" } });
  if (!response.ok) {
    window.location.assign(url);
    return;
  }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const focusedId = document.activeElement?.id;
  const states = openStates(form);
  for (const id of SWAPPED) {
    const fresh = page.getElementById(id);
    const current = document.getElementById(id);
    if (fresh && current) {
      restoreOpenStates(fresh, states);
      current.replaceWith(fresh);
    }
  }
  document.title = page.title;
  if (push) window.history.pushState({}, "", url);
  initPanel();
  if (focusedId) focusAgain(focusedId);
  announce();
}

function announce() {
  const announcer = document.getElementById("search-announcer");
  const count = document.getElementById("result-count");
  if (announcer && count) announcer.textContent = count.textContent.replace(/\s+/g, " ").trim();
}

function urlFor(formElement) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(formElement)) {
    if (value !== "" && !(name === "sort" && value === "relevance")) params.append(name, value);
  }
  const query = params.toString();
  return formElement.action + (query ? `?${query}` : "");
}

function appliesAtOnce(element) {
  return element.matches("input[type=checkbox], input[type=radio]") && element.closest(".app-filter-panel");
}

if (form && window.fetch && window.history.pushState) {
  initPanel();
  SMALL_SCREEN.addEventListener("change", initPanel);
  form.addEventListener("click", togglePanel);
  form.addEventListener("change", (event) => {
    if (appliesAtOnce(event.target)) update(urlFor(form), true);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("select")) {
      event.preventDefault();
      update(urlFor(form), true);
    }
  });
  form.addEventListener("submit", (event) => {
    // The Sort and Apply filters buttons update in place; the main Search button loads the page as usual.
    if (event.submitter?.matches(".app-sort__apply, .app-filter-panel__apply")) {
      event.preventDefault();
      update(urlFor(form), true);
    }
  });
  window.addEventListener("popstate", () => update(window.location.href, false));
}
