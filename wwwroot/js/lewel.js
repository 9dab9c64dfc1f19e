// Marks the document once the Blazor circuit is live, so scripts and browser tests can tell the prerendered page
// (visible but inert) from the interactive one.
window.lewel = {
    markInteractive: () => { document.documentElement.dataset.interactive = "true"; },
};
