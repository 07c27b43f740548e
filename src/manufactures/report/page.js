// The report page's one script, inlined into the page by html.py. Errors of any kind (a script
// error, a resource that failed or that the Content-Security-Policy refused) are counted on
// <html data-errors>; once the page has loaded without any, <body data-ok="true">.
(function () {
  var errors = 0;
  function fail() {
    errors += 1;
    document.documentElement.setAttribute("data-errors", String(errors));
  }
  window.addEventListener("error", fail, true);
  window.addEventListener("unhandledrejection", fail);
  document.addEventListener("securitypolicyviolation", fail);
  window.addEventListener("load", function () {
    if (errors === 0) { document.body.setAttribute("data-ok", "true"); }
  });
})();
