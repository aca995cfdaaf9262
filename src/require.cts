// What `require('orgmock')` meets on a Node that cannot require an ES module
// (before 20.19 and 22.12): a clear answer instead of ERR_REQUIRE_ESM. Newer Nodes
// take the "module-sync" export and load the ES module itself.
throw new Error(
  "orgmock is an ES module: load it with `await import('orgmock')`, or run Node 20.19+, 22.12+ or 24, where require('orgmock') works",
);
