// "Add to shortlist" in place (templates/shortlist/_button.html). Without JavaScript each button posts the page's
// shortlist form and the server redirects back to the same button. With it, the same post is sent by fetch asking
// for JSON; the button's label and name flip between add and remove, the "Your shortlist (N)" count changes, and
// the server's sentence ("Added ... It has 3 listings.") is read out by the page's aria-live region. The listener
// sits on the document, so buttons that search.js swaps in with new results work too. Any failure (an expired
// form token, the network) falls back to the ordinary post.
const form = document.getElementById("shortlist-form");

function announce(message) {
  const region = document.querySelector("[data-shortlist-announcer]");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick, so that the same sentence twice is announced twice.
  window.setTimeout(() => { region.textContent = message; }, 50);
}

function showState(button, shortlisted) {
  // Every button for this listing on the page (a listing can sit in two steps of /routes).
  document.querySelectorAll(`.app-shortlist-button[value="${CSS.escape(button.value)}"]`).forEach((each) => {
    each.name = shortlisted ? "remove" : "add";
    const label = each.querySelector("[data-shortlist-label]");
    if (label) label.textContent = shortlisted ? "Remove from shortlist" : "Add to shortlist";
  });
}

async function post(button) {
  const body = new FormData(form);
  body.append(button.name, button.value);
  const response = await fetch(form.action, {
    method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`shortlist: ${response.status}`);
  return response.json();
}

async function onSubmit(event) {
  const button = event.submitter;
  if (!button || !button.matches(".app-shortlist-button") || form.dataset.plainPost) return;
  event.preventDefault();
  button.disabled = true;
  try {
    const answer = await post(button);
    showState(button, answer.shortlisted);
    document.querySelectorAll("[data-shortlist-count]").forEach((count) => { count.textContent = answer.count; });
    announce(answer.message);
    button.disabled = false;
  } catch (error) {
    button.disabled = false;
    form.dataset.plainPost = "1";
    form.requestSubmit(button);  // the ordinary post: the server answers with a redirect back here
  }
}

if (form) form.addEventListener("submit", onSubmit);
