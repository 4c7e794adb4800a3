// Runs a local "Lambda container" on a ScaledClock (scaled-clock.ts): Date, Date.now and the delays
// of setTimeout/setInterval (global, `timers` and `timers/promises`) go `scale` times faster than real
// time, so the handler's own waits (pauses, backoff, the SDK's retry delays and request timeouts) are
// shortened without a line of the handler changing. Plain JavaScript, loaded before the bundle.
'use strict';
const timers = require('timers');
const timerPromises = require('timers/promises');
const { promisify } = require('util');

function install(scale, origin) {
  const RealDate = Date;
  const realNow = RealDate.now;
  const now = () => Math.floor(origin + (realNow() - origin) * scale);
  const real = (ms) => Math.max(0, Number(ms) || 0) / scale;

  // A function rather than a class: `Date()` without `new` returns a string, as the real one does.
  function ScaledDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  Object.setPrototypeOf(ScaledDate, RealDate);
  ScaledDate.prototype = RealDate.prototype;
  ScaledDate.now = now;
  globalThis.Date = ScaledDate;

  const { setTimeout: realSetTimeout, setInterval: realSetInterval } = timers;
  const setTimeout = (callback, ms, ...args) => realSetTimeout(callback, real(ms), ...args);
  const setInterval = (callback, ms, ...args) => realSetInterval(callback, real(ms), ...args);
  const sleep = timerPromises.setTimeout;
  const every = timerPromises.setInterval;
  const scaledSleep = (ms, value, options) => sleep(real(ms), value, options);
  setTimeout[promisify.custom] = scaledSleep;
  globalThis.setTimeout = timers.setTimeout = setTimeout;
  globalThis.setInterval = timers.setInterval = setInterval;
  timerPromises.setTimeout = scaledSleep;
  timerPromises.setInterval = (ms, value, options) => every(real(ms), value, options);
}

module.exports = { install };
