// Progressive enhancement only: every page works without JavaScript.
import { initAll as initGovUk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

initGovUk();
initMoj();
