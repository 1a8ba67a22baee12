// distlab's worker for the checker and the explorer (src/ui/workers). The page sends the URL of its own JS
// glue, its compiled WebAssembly module and one request; the worker instantiates that module (no download, no
// compile) and runs the request, which posts its reports. Nothing else is ever evaluated here.
self.onmessage = async ({ data }) => {
  self.onmessage = null;
  try {
    const glue = await import(data.glue);
    await glue.default({ module_or_path: data.module });
    glue.worker_run(data.request);
  } catch (error) {
    self.postMessage(JSON.stringify({ kind: 'failed', reason: String(error) }));
  }
};
