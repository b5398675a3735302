// Progressive enhancement only: every page works without this script.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

initAll();

// The filters of a search page start folded (for phones); on a wider screen they are opened at once.
const filters = document.querySelector("[data-app-filters]");
if (filters && window.matchMedia("(min-width: 40.0625em)").matches) {
  filters.open = true;
}
