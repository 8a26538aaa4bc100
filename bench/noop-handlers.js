// The benchmark's task handlers: they do nothing, so the pipeline itself is what is measured.
// One handler for every task of TASKS: the worker fills in the list (no copy of it here).
module.exports = { everyTask: async () => ({ summary: {} }) };
