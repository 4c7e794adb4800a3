// The inside of a local "Lambda container": loads a handler bundle once, then serves the invocations
// the parent process (lambda-host.ts) sends it, one at a time. Plain JavaScript so it starts as fast as
// Node itself.
'use strict';
const path = require('path');

// `--time-scale=<scale>,<origin>`: the function runs on the host's ScaledClock (see scaled-time.js).
const timeScale = process.argv.find((arg) => arg.startsWith('--time-scale='));
if (timeScale) {
  const [scale, origin] = timeScale.slice('--time-scale='.length).split(',').map(Number);
  require('./scaled-time').install(scale, origin);
}

const modules = new Map();
function handlerFunction(codeDir, handler) {
  const [file, name] = handler.split('.');
  const modulePath = path.join(codeDir, `${file}.js`);
  if (!modules.has(modulePath)) modules.set(modulePath, require(modulePath));
  const fn = modules.get(modulePath)[name];
  if (typeof fn !== 'function') throw new Error(`handler ${handler} is not exported by ${modulePath}`);
  return fn;
}

process.on('message', async ({ codeDir, handler, event }) => {
  try {
    const result = await handlerFunction(codeDir, handler)(event, {});
    process.send({ result });
  } catch (error) {
    process.send({ error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } });
  }
});
