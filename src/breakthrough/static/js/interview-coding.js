// Interview coding: selecting a passage of the transcript fills the excerpt field and records where the
// passage starts, in characters of the transcript (code points, as the server counts them). Typing in the
// field afterwards forgets the position: the server then finds the pasted passage itself.
(() => {
  const transcript = document.getElementById("transcript");
  if (!transcript) return;
  const field = document.getElementById(transcript.dataset.selectionTarget);
  const start = document.getElementById("excerpt-start");
  if (!field || !start) return;

  const characters = (text) => Array.from(text).length;

  function take() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!transcript.contains(range.startContainer) || !transcript.contains(range.endContainer)) return;
    const before = document.createRange();
    before.selectNodeContents(transcript);
    before.setEnd(range.startContainer, range.startOffset);
    const passage = range.toString();
    if (!passage.trim()) return;
    field.value = passage;
    start.value = String(characters(before.toString()));
  }

  transcript.addEventListener("mouseup", take);
  transcript.addEventListener("keyup", take);
  transcript.addEventListener("touchend", take);
  field.addEventListener("input", () => { start.value = ""; });
})();
