// Starts GraphiQL on /graphql from the app's own copies of React, GraphiQL and the explorer plugin.
// A static file rather than an inline script, so the page works under a CSP without 'unsafe-inline'.
(function () {
  "use strict";
  var EXAMPLE = [
    "# jbnet GraphQL-verkenner",
    "#",
    "# Zet uw toegangssleutel onder 'Headers' als:",
    '#   {"Authorization": "Bearer <sleutel>"}',
    "# Ctrl-Enter voert de query uit, Ctrl-Spatie vult aan.",
    "",
    "{",
    '  gemeente(code: "GM0228") {',
    "    name",
    "  }",
    "}",
    "",
  ].join("\n");

  var params = new URLSearchParams(window.location.search);
  function remember(name, value) {
    if (value) { params.set(name, value); } else { params.delete(name); }
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Page() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: EXAMPLE,
      query: params.get("q") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: function (q) { remember("q", q); },
      onEditVariables: function (v) { remember("variables", v); },
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false, // a bearer token must not linger in localStorage
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Page));
})();
