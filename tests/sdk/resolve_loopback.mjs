// Loaded with `node --import`: every host name resolves to 127.0.0.1, so each SDK's default host
// reaches the recording server on loopback (the process also runs in a network namespace of its
// own with nothing but lo, so no packet can leave whatever this hook misses).
import dns from 'node:dns';

function loopback(hostname, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (typeof options === 'number') options = { family: options };
  const all = options && options.all;
  process.nextTick(() => {
    if (all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  });
}
dns.lookup = loopback;
dns.promises.lookup = async (hostname, options) =>
  (options && options.all) ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 };
