// Raise-a-request form: show only the custom fields of the chosen category (and the unscoped ones).
// Without script every field shows, each saying which category it belongs to; the server decides.
document.addEventListener("DOMContentLoaded", () => {
  const category = document.querySelector(".request-form select[name=category]");
  if (!category) return;
  const sync = () => {
    document.querySelectorAll(".request-form .custom-field").forEach((row) => {
      const scope = row.dataset.category;
      row.hidden = scope !== "" && scope !== category.value;
    });
  };
  category.addEventListener("change", sync);
  sync();
});
