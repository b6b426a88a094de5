// The quarterly form's character counts: "You have 2,412 characters remaining" under
// each limited text area, updated as you type. The limit itself is enforced by the
// field's maxlength and on the server; without JavaScript the hint says the limit.
const format = new Intl.NumberFormat("en-GB");

function count(area, output) {
  const limit = Number(area.dataset.maxlength);
  const left = limit - area.value.length;
  output.textContent =
    left >= 0
      ? `You have ${format.format(left)} character${left === 1 ? "" : "s"} remaining`
      : `You have ${format.format(-left)} character${left === -1 ? "" : "s"} too many`;
}

for (const output of document.querySelectorAll("[data-count-for]")) {
  const area = document.getElementById(output.dataset.countFor);
  if (area) {
    count(area, output);
    area.addEventListener("input", () => count(area, output));
  }
}
