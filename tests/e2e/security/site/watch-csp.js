// Records every Content-Security-Policy violation on the page (classic script, runs first).
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({
    directive: e.violatedDirective || e.effectiveDirective,
    blocked: String(e.blockedURI),
    source: String(e.sourceFile || ''),
    line: e.lineNumber,
    sample: String(e.sample || ''),
  });
});
