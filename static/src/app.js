// Site-wide corrections to GOV.UK Frontend, loaded on every page after initAll().
//
// Radios with a conditionally revealed question: GOV.UK Frontend (6.3.0, and still 6.6.0) sets aria-expanded on
// each radio input. ARIA 1.2 does not allow aria-expanded on role="radio" (axe: aria-allowed-attr, critical), and
// assistive technology that validates roles may ignore or misreport it. The radio keeps aria-controls, which is
// allowed, and its checked state already says which question is shown. We remove the attribute whenever GOV.UK
// Frontend sets it (on load, on pageshow and on every click), instead of forking the component.
function dropAriaExpanded(radio) {
  if (radio.hasAttribute("aria-expanded")) radio.removeAttribute("aria-expanded");
}

const radios = () => document.querySelectorAll("input[type='radio'][aria-expanded]");
radios().forEach(dropAriaExpanded);
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.matches("input[type='radio']")) dropAriaExpanded(change.target);
  }
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-expanded"] });
