// The monthly form checks each measure as it is typed: htmx posts the row and the answer fills its error
// slots (out of band). Once they are filled, mark each input whose slot holds a message as invalid.
document.addEventListener("htmx:afterRequest", (event) => {
  const row = event.detail && event.detail.elt;
  if (!row || !row.classList || !row.classList.contains("entry")) return;
  setTimeout(() => {
    for (const input of row.querySelectorAll("input[id]")) {
      const slot = document.getElementById(input.id + "-error");
      if (slot) input.setAttribute("aria-invalid", String(Boolean(slot.textContent.trim())));
    }
  }, 0);
});
