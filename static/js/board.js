// Drag and drop on the board submits the card's own Move form, so the page works without script too.
document.addEventListener("DOMContentLoaded", () => {
  let dragged = null;
  document.querySelectorAll(".card[draggable]").forEach((card) => {
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.setData("text/plain", card.dataset.slug);
    });
  });
  document.querySelectorAll(".board-column").forEach((column) => {
    column.addEventListener("dragover", (event) => event.preventDefault());
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!dragged) return;
      const form = dragged.querySelector("form.move");
      form.querySelector("select[name=status]").value = column.dataset.status;
      form.submit();
    });
  });
});
