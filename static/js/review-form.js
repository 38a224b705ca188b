// Review form: a live count of characters against the limit, so nobody loses words to a limit they did not see.
// Optional: without JavaScript the server answers a too-long review with a clear message and keeps the text.
(function () {
  "use strict";
  document.querySelectorAll(".counted textarea[data-max]").forEach(function (area) {
    var max = parseInt(area.dataset.max, 10);
    var form = area.closest("form");
    var counter = document.createElement("p");
    counter.className = "char-counter small";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    function update() {
      var used = area.value.length;
      var over = used > max;
      // The words come translated from the form: data-count ("%(used)s / %(max)s characters"), data-over.
      var text = form.dataset.count.replace("%(used)s", used.toLocaleString("en")).replace("%(max)s", max.toLocaleString("en"));
      counter.textContent = text + (over ? ": " + form.dataset.over.replace("%(num)s", (used - max).toLocaleString("en")) : "");
      counter.classList.toggle("over", over);
    }
    area.addEventListener("input", update);
    update();
  });
}());
