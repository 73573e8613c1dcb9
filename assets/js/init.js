// Start GOV.UK Frontend's components (error summary focus, radios, service navigation ...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// "Print this page" buttons (no inline script: the content security policy forbids it).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
