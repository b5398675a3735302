// Progressive enhancement only: every page works without this script.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

initAll();

// The filters of a search page start folded (for phones); on a wider screen they are opened at once.
const filters = document.querySelector("[data-app-filters]");
if (filters && window.matchMedia("(min-width: 40.0625em)").matches) {
  filters.open = true;
}

// A statement's word limit is over its parts together: the count under them follows what is typed in
// any of them, counting words as the server does (portal/core/text.py count_words: runs between spaces,
// or characters that look like spaces, holding a letter or a digit). The visible count changes as you
// type; screen readers hear it once typing pauses, as with GOV.UK's character count.
const BETWEEN_WORDS = /[\s\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\ufeff\u2800\u3164\uffa0]+/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function countWords(text) {
  return text.split(BETWEEN_WORDS).filter((run) => HAS_LETTER_OR_DIGIT.test(run)).length;
}

function wordsLeft(limit, total) {
  const left = limit - total;
  const words = (n) => `${n} word${n === 1 ? "" : "s"}`;
  return left >= 0 ? `You have ${words(left)} remaining` : `You have ${words(-left)} too many`;
}

for (const group of document.querySelectorAll("[data-app-word-total]")) {
  const limit = Number(group.dataset.appWordTotal);
  const message = group.querySelector(".app-word-total__message");
  const spoken = group.querySelector(".app-word-total__status");
  const areas = [...group.querySelectorAll("textarea")];
  let pause;
  const update = () => {
    const total = areas.reduce((sum, area) => sum + countWords(area.value), 0);
    message.textContent = wordsLeft(limit, total);
    message.classList.toggle("govuk-error-message", total > limit);
    message.classList.toggle("govuk-hint", total <= limit);
    clearTimeout(pause);
    pause = setTimeout(() => {
      spoken.textContent = message.textContent;
    }, 1000);
  };
  for (const area of areas) {
    area.addEventListener("input", update);
  }
}
