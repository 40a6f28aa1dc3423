// Progressive enhancement for /search and /providers: when a filter or the sort order changes, fetch the page for
// the new URL and swap in its filters and results, keeping the URL (and so the back button) in step.
// Without JavaScript the same form works by submitting; this script only saves the round trip of a full page.
const form = document.querySelector("form[data-module='app-live-search']");

async function update(url, push) {
  const response = await fetch(url, { headers: { Accept: "text/html" } });
  if (!response.ok) {
    window.location.assign(url);
    return;
  }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const id of ["search-filters", "search-results"]) {
    const fresh = page.getElementById(id);
    const current = document.getElementById(id);
    if (fresh && current) current.replaceWith(fresh);
  }
  document.title = page.title;
  if (push) window.history.pushState({}, "", url);
}

function urlFor(formElement) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(formElement)) {
    if (value !== "" && !(name === "sort" && value === "relevance")) params.append(name, value);
  }
  const query = params.toString();
  return formElement.action + (query ? `?${query}` : "");
}

if (form && window.fetch && window.history.pushState) {
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], select")) update(urlFor(form), true);
  });
  window.addEventListener("popstate", () => update(window.location.href, false));
}
