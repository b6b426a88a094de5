// boardportal's only script: an ES module, so there is no inline script for a
// Content Security Policy to allow.
//
// The GOV.UK page template adds `js-enabled` and `govuk-frontend-supported`
// to <body> with an inline script; we add them here instead. A browser that
// runs this module supports ES modules, which is what GOV.UK Frontend's
// `govuk-frontend-supported` check tests. If the import fails, neither class
// is added and the page stays in its no-JavaScript form.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
