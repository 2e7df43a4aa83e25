// Progressive enhancement only: every page works without JavaScript.
// Loaded with <script type="module">, so it runs only in browsers GOV.UK Frontend supports
// (the inline snippet in the layout adds "govuk-frontend-supported" to <body> for those).
import { initAll as initGovUkFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

initGovUkFrontend();
initMojFrontend();
