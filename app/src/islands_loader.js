// Loads the islands bundle once the page is idle, then hydrates the islands in document order,
// giving the browser back control every ~4 ms (a phone's CPU is several times slower than a laptop's,
// and a task over 50 ms there delays a tap). Leptos's own loader hydrates every island in one
// task; on a results page with twenty cards that task held up the first tap on a slow phone for
// hundreds of milliseconds.
((js, wasm) => {
  const idle = (f) => ('requestIdleCallback' in window ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 1));
  const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));
  idle(async () => {
    const mod = await import(js);
    await mod.default({ module_or_path: wasm });
    await breathe();
    mod.hydrate();
    let since = performance.now();
    // An island's server-rendered children register a callback that must run before the island.
    const childrenCallbacks = [];
    const visit = async (el) => {
      if (performance.now() - since > 4) {
        await breathe();
        since = performance.now();
      }
      const tag = el.tagName;
      if (tag === 'LEPTOS-ISLAND') {
        const island = mod[el.dataset.component];
        if (island) {
          const pending = childrenCallbacks[childrenCallbacks.length - 1];
          if (pending) pending();
          const done = island(el);
          if (done && done.then) await done;
        } else {
          // An error, not a warning: a page whose bundle lacks one of its islands fails the browser tests
          // (app/src/bundles.rs says which page loads which bundle).
          console.error(`no island called ${el.dataset.component} in ${js}`);
        }
      }
      const isChildren = tag === 'LEPTOS-CHILDREN';
      if (isChildren) childrenCallbacks.push(el.$$on_hydrate);
      for (const child of [...el.children]) await visit(child);
      if (isChildren) childrenCallbacks.pop();
    };
    await visit(document.body);
  });
});
