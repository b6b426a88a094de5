// The quarterly form's character counts: "You have 2,412 characters remaining" under
// each limited text area, updated as you type. The limit itself is enforced by the
// field's maxlength and on the server; without JavaScript the hint says the limit.
//
// The count joins the text area's description, so it is read out when the area is
// focused; a visually hidden live region repeats it once typing pauses, rather than
// announcing every key press.
const format = new Intl.NumberFormat("en-GB");
const PAUSE_MS = 1000;

function remaining(area) {
  const left = Number(area.dataset.maxlength) - area.value.length;
  return left >= 0
    ? `You have ${format.format(left)} character${left === 1 ? "" : "s"} remaining`
    : `You have ${format.format(-left)} character${left === -1 ? "" : "s"} too many`;
}

for (const output of document.querySelectorAll("[data-count-for]")) {
  const area = document.getElementById(output.dataset.countFor);
  if (!area || !area.dataset.maxlength) continue;

  const announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  output.after(announcer);

  const described = (area.getAttribute("aria-describedby") || "").split(/\s+/);
  area.setAttribute("aria-describedby", [...described, output.id].filter(Boolean).join(" "));

  let pause;
  output.textContent = remaining(area);
  output.hidden = false;
  area.addEventListener("input", () => {
    output.textContent = remaining(area);
    clearTimeout(pause);
    pause = setTimeout(() => {
      announcer.textContent = output.textContent;
    }, PAUSE_MS);
  });
}
