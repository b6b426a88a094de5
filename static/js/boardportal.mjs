// boardportal's module: starts GOV.UK Frontend's components.
//
// `js-enabled` and `govuk-frontend-supported` are put on <body> before the first
// paint by GOV.UK Frontend's own one-line inline script at the top of <body>
// (templates/base.html, allowed by its hash in the Content Security Policy): set
// here, by a module that runs after the first paint, they collapsed the phone
// menu under the visitor's eyes (a layout shift of 0.26). They are added here
// again, harmlessly, for a page that leaves the inline line out.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
