// Progressive enhancement only: every page works without this script.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

initAll();
