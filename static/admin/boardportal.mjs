// Every admin page (templates/admin/base_site.html): names and structure for what
// Django's admin scripts build in the browser, which no template or widget can reach.
//
// - An autocomplete (Select2) is a combobox named only by the option it shows (none
//   when empty): it is named by its field's label as well (WCAG 4.1.2), and so are
//   the read-only textbox that shows the chosen option and a multiple one's search box.
// - A multiple autocomplete's "remove all" cross is put in the list of choices as a
//   bare <span>: it is wrapped in a list item, so the list holds list items only
//   (WCAG 1.3.1).
// - The search icon of a two-box selector (SelectFilter2) is a <span> with an
//   aria-label, which a span cannot have: it becomes an image with that name.
//
// Select2 and SelectFilter2 build their markup after load and again when a row is
// added or a choice made, so this runs on every change to the page.

let labels = 0;

function labelId(select) {
  const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
  if (!label) return null;
  if (!label.id) label.id = `bp-label-${++labels}`;
  return label.id;
}

function nameAutocomplete(container) {
  const select = container.previousElementSibling;
  if (!select || select.tagName !== "SELECT") return;
  const combobox = container.querySelector(".select2-selection");
  if (!combobox) return;
  const label = labelId(select);
  const name = select.getAttribute("aria-label");
  const rendered = combobox.querySelector(".select2-selection__rendered[id]");
  // The chosen option is shown in a read-only textbox of its own, named by the label.
  if (rendered && label) rendered.setAttribute("aria-labelledby", label);
  else if (rendered && name) rendered.setAttribute("aria-label", name);
  if (label) {
    const ids = [label, rendered && rendered.id].filter(Boolean).join(" ");
    if (combobox.getAttribute("aria-labelledby") !== ids) combobox.setAttribute("aria-labelledby", ids);
  } else if (name && combobox.getAttribute("aria-label") !== name) {
    combobox.removeAttribute("aria-labelledby");
    combobox.setAttribute("aria-label", name);
  }
  for (const search of container.querySelectorAll(".select2-search__field")) {
    if (label) search.setAttribute("aria-labelledby", label);
    else if (name) search.setAttribute("aria-label", name);
  }
  for (const cross of container.querySelectorAll("ul > .select2-selection__clear")) {
    const item = document.createElement("li");
    item.className = "bp-select2-clear";
    cross.replaceWith(item);
    item.append(cross);
  }
}

function fix() {
  for (const container of document.querySelectorAll(".select2-container")) {
    nameAutocomplete(container);
  }
  for (const icon of document.querySelectorAll("span.help-tooltip[aria-label]:not([role])")) {
    icon.setAttribute("role", "img");
  }
}

let queued = false;
function schedule() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    fix();
  });
}

fix();
new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
window.addEventListener("load", fix);
