// @ts-check

/**
 * The JoyCity runtime, injected first in every proxied WB page (and prepended to worker scripts). It maps
 * URLs WB → public for what the page builds at run time (WB assembles host names from fragments, so no
 * text rewriting can see them). Plain ES2020, no imports: the server applies this function to its JSON
 * config (`createRuntimeScript`). Coverage and limits: proxy/README.md, "Injected runtime".
 * Type-checked by ./tsconfig.json (DOM lib).
 */

/**
 * @typedef {{ v: 1, base: string, scheme: string, port: string, hosts: [string, string][],
 *   patterns: [string, string, number, number, string, string][], unmapped: string, event: string }} Config
 */

/** @param {Config} C */
function _joycityRuntime(C) {
  'use strict';
  /** @type {any} */
  const G = globalThis;
  if (G.__joycity) return;
  const isWindow = typeof G.document !== 'undefined';
  const port = C.port ? ':' + C.port : '';
  const wsScheme = C.scheme === 'https:' ? 'wss:' : 'ws:';
  /** @type {Map<string, string>} */
  const toPub = new Map(C.hosts);
  /** @type {Map<string, string>} */
  const toWbHost = new Map(C.hosts.map((p) => [p[1], p[0]]));
  const WB_RE = /(?:^|\.)(?:wildberries|wbbasket|wb)\.ru$/;

  /** @param {string} h */
  const isWb = (h) => WB_RE.test(h);
  /** @param {string} h @returns {string | undefined} */
  function pubHost(h) {
    const exact = toPub.get(h);
    if (exact) return exact;
    for (const [pre, suf, min, max, ppre, psuf] of C.patterns) {
      if (h.length !== pre.length + 2 + suf.length || !h.startsWith(pre) || !h.endsWith(suf)) continue;
      const nn = h.slice(pre.length, pre.length + 2);
      const n = Number(nn);
      if (/^\d\d$/.test(nn) && n >= min && n <= max) return ppre + nn + psuf;
    }
    return undefined;
  }
  /** @param {string} h @returns {string | undefined} */
  function wbHost(h) {
    const exact = toWbHost.get(h);
    if (exact) return exact;
    for (const [pre, suf, min, max, ppre, psuf] of C.patterns) {
      if (h.length !== ppre.length + 2 + psuf.length || !h.startsWith(ppre) || !h.endsWith(psuf)) continue;
      const nn = h.slice(ppre.length, ppre.length + 2);
      const n = Number(nn);
      if (/^\d\d$/.test(nn) && n >= min && n <= max) return pre + nn + suf;
    }
    return undefined;
  }

  /**
   * A URL (any form) → its public form when it points at WB; anything else is returned as given.
   * @param {unknown} input @returns {any}
   */
  function toPublic(input) {
    if (input == null) return input;
    const s = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
    if (s === null || !/wildberries|wbbasket|wb\.ru/i.test(s)) return input;
    let u;
    try {
      u = new URL(s, G.location.href);
    } catch {
      return input;
    }
    const h = u.hostname.toLowerCase();
    if (!isWb(h) || !/^(?:https?|wss?):$/.test(u.protocol)) return input;
    const p = pubHost(h);
    const scheme = u.protocol === 'ws:' || u.protocol === 'wss:' ? wsScheme : C.scheme;
    const rest = u.pathname + u.search + u.hash;
    const out = p ? scheme + '//' + p + port + rest : C.scheme + '//' + C.base + port + C.unmapped + h + rest;
    return out;
  }
  /**
   * A public origin → the WB origin it stands for, at the page's scheme and port (WB's own origin in
   * production: https, no port; what code building origins from location.protocol/port expects in dev).
   * @param {string} origin
   */
  function originToWb(origin) {
    try {
      const u = new URL(origin);
      if (u.protocol !== C.scheme || u.port !== C.port) return origin;
      const w = wbHost(u.hostname);
      return w ? C.scheme + '//' + w + port : origin;
    } catch {
      return origin;
    }
  }
  /** @param {string} origin WB origin → public origin (postMessage targetOrigin); `*`, `/` unchanged */
  function originToPublic(origin) {
    if (typeof origin !== 'string' || origin === '*' || origin === '/') return origin;
    const mapped = toPublic(origin);
    return typeof mapped === 'string' && mapped !== origin ? mapped.replace(/\/$/, '') : origin;
  }
  /** Text (HTML, CSS, srcset) with WB URLs mapped, as the server does. @param {string} text */
  function mapText(text) {
    if (typeof text !== 'string' || !/wildberries|wbbasket|wb\.ru/i.test(text)) return text;
    return text.replace(
      /((?:https?|wss?):)?\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*(?:wildberries|wbbasket|wb)\.ru)(?::\d+)?(?![a-z0-9_-]|\.[a-z0-9])/gi,
      (whole, scheme) => {
        const m = toPublic((scheme || 'https:') + whole.slice(scheme ? scheme.length : 0) + '/');
        if (typeof m !== 'string') return whole;
        const body = m.slice(0, -1);
        return scheme ? body : body.slice(body.indexOf('//'));
      },
    );
  }

  /** Reports a refused action to the transport (best effort). @param {string} kind @param {unknown} detail */
  function report(kind, detail) {
    try {
      const body = JSON.stringify({ kind, detail, page: String(G.location.href), at: Date.now() });
      if (G.navigator && origBeacon) origBeacon.call(G.navigator, C.event, body);
      else if (origFetch) origFetch(C.event, { method: 'POST', body, keepalive: true }).catch(() => {});
    } catch {
      /* reporting never breaks the page */
    }
  }

  const origFetch = G.fetch;
  const origBeacon = G.Navigator && G.Navigator.prototype.sendBeacon;

  // fetch and Request
  if (origFetch) {
    G.fetch = function fetch(/** @type {any} */ input, /** @type {any} */ init) {
      if (OrigRequest && input instanceof OrigRequest) {
        const m = toPublic(input.url);
        if (m !== input.url) input = new OrigRequest(m, input);
      } else input = toPublic(input);
      return origFetch.call(this, input, init);
    };
  }
  const OrigRequest = G.Request;
  if (OrigRequest) {
    G.Request = class Request extends OrigRequest {
      /** @param {any} input @param {any} [init] */
      constructor(input, init) {
        super(input instanceof OrigRequest ? input : toPublic(input), init);
      }
    };
  }

  // XMLHttpRequest: patch the prototype, so instanceof and the statics stay as they are
  if (G.XMLHttpRequest) {
    const open = G.XMLHttpRequest.prototype.open;
    G.XMLHttpRequest.prototype.open = function (/** @type {any[]} */ ...args) {
      args[1] = toPublic(args[1]);
      return open.apply(this, args);
    };
  }

  /** Subclasses a URL-taking constructor (statics and instanceof kept). @param {string} name */
  function wrapCtor(name) {
    const Orig = G[name];
    if (!Orig) return;
    const Wrapped = class extends Orig {
      /** @param {any} url @param {any[]} rest */
      constructor(url, ...rest) {
        super(toPublic(url), ...rest);
      }
    };
    Object.defineProperty(Wrapped, 'name', { value: name });
    G[name] = Wrapped;
  }
  ['WebSocket', 'EventSource', 'Worker', 'SharedWorker'].forEach(wrapCtor);

  if (origBeacon) {
    G.Navigator.prototype.sendBeacon = function (/** @type {any} */ url, /** @type {any} */ data) {
      return origBeacon.call(this, toPublic(url), data);
    };
  }

  if (G.importScripts) {
    const imp = G.importScripts;
    G.importScripts = (/** @type {any[]} */ ...urls) => imp(...urls.map(toPublic));
  }

  // Service workers: refused (a worker installed on our origin would outlive the proxy's control).
  if (G.ServiceWorkerContainer) {
    G.ServiceWorkerContainer.prototype.register = function (/** @type {any} */ url) {
      const msg = 'JoyCity proxy: service workers are disabled on the proxied portal (' + String(url) + ')';
      // eslint-disable-next-line no-console
      console.warn(msg);
      report('service-worker-refused', { url: String(url) });
      return Promise.reject(new DOMException(msg, 'SecurityError'));
    };
  }

  if (isWindow) installWindow();

  G.__joycity = Object.freeze({ version: 1, toPublic, originToWb, originToPublic, mapText });

  function installWindow() {
    const D = G.document;

    // window.open
    const open = G.open;
    G.open = function (/** @type {any} */ url, /** @type {any[]} */ ...rest) {
      return wrapWindow(open.call(this, toPublic(url), ...rest));
    };

    // URL-valued properties and attributes
    /** @type {Record<string, string[]>} */
    const props = {
      HTMLAnchorElement: ['href'],
      HTMLAreaElement: ['href'],
      HTMLLinkElement: ['href'],
      HTMLBaseElement: ['href'],
      HTMLScriptElement: ['src'],
      HTMLImageElement: ['src'],
      HTMLIFrameElement: ['src'],
      HTMLFrameElement: ['src'],
      HTMLSourceElement: ['src'],
      HTMLMediaElement: ['src'],
      HTMLVideoElement: ['poster'],
      HTMLEmbedElement: ['src'],
      HTMLObjectElement: ['data'],
      HTMLTrackElement: ['src'],
      HTMLInputElement: ['src', 'formAction'],
      HTMLButtonElement: ['formAction'],
      HTMLFormElement: ['action'],
    };
    for (const [cls, names] of Object.entries(props)) {
      const proto = G[cls] && G[cls].prototype;
      if (!proto) continue;
      for (const name of names) {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        if (!d || !d.set) continue;
        const set = d.set;
        Object.defineProperty(proto, name, {
          ...d,
          set(/** @type {any} */ v) {
            set.call(this, toPublic(v));
          },
        });
      }
    }
    for (const cls of ['HTMLImageElement', 'HTMLSourceElement']) {
      const name = 'srcset';
      const proto = G[cls] && G[cls].prototype;
      const d = proto && Object.getOwnPropertyDescriptor(proto, name);
      if (!d || !d.set) continue;
      const set = d.set;
      Object.defineProperty(proto, name, {
        ...d,
        set(/** @type {any} */ v) {
          set.call(this, mapText(v));
        },
      });
    }
    const URL_ATTRS =
      /^(?:href|src|action|formaction|poster|data|background|cite|ping|xlink:href|srcset|imagesrcset|style|content)$/i;
    /** @param {string} name @param {any} value */
    const mapAttr = (name, value) =>
      typeof value === 'string' && URL_ATTRS.test(name) ? mapText(value) : value;
    const setAttribute = G.Element.prototype.setAttribute;
    G.Element.prototype.setAttribute = function (/** @type {string} */ name, /** @type {any} */ value) {
      return setAttribute.call(this, name, mapAttr(String(name), value));
    };
    const setAttributeNS = G.Element.prototype.setAttributeNS;
    G.Element.prototype.setAttributeNS = function (
      /** @type {any} */ ns,
      /** @type {string} */ name,
      /** @type {any} */ value,
    ) {
      return setAttributeNS.call(this, ns, name, mapAttr(String(name), value));
    };

    // HTML insertion: innerHTML/outerHTML/insertAdjacentHTML/document.write map the markup first
    // (TrustedHTML objects pass untouched; the observer below fixes their attributes).
    for (const [proto, name] of [
      [G.Element.prototype, 'innerHTML'],
      [G.Element.prototype, 'outerHTML'],
      [G.ShadowRoot && G.ShadowRoot.prototype, 'innerHTML'],
    ]) {
      const d = proto && Object.getOwnPropertyDescriptor(proto, name);
      if (!d || !d.set) continue;
      const set = d.set;
      Object.defineProperty(proto, name, {
        ...d,
        set(/** @type {any} */ v) {
          set.call(this, mapText(v));
        },
      });
    }
    const iah = G.Element.prototype.insertAdjacentHTML;
    G.Element.prototype.insertAdjacentHTML = function (/** @type {any} */ where, /** @type {any} */ html) {
      return iah.call(this, where, mapText(html));
    };
    for (const name of ['write', 'writeln']) {
      const w = G.Document.prototype[name];
      G.Document.prototype[name] = function (/** @type {any[]} */ ...parts) {
        return w.apply(this, parts.map(mapText));
      };
    }

    // Backstop: whatever reached the DOM another way (parsers, cloned templates) is fixed as it lands.
    /** @param {Element} el */
    function fixElement(el) {
      for (const a of Array.from(el.attributes || [])) {
        if (!URL_ATTRS.test(a.name) || !/wildberries|wbbasket|wb\.ru/i.test(a.value)) continue;
        const v = mapText(a.value);
        if (v !== a.value) setAttribute.call(el, a.name, v);
      }
    }
    const observer = new G.MutationObserver((/** @type {MutationRecord[]} */ records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target.nodeType === 1) fixElement(/** @type {Element} */ (r.target));
        for (const n of Array.from(r.addedNodes)) {
          if (n.nodeType !== 1) continue;
          const el = /** @type {Element} */ (n);
          fixElement(el);
          el.querySelectorAll('*').forEach(fixElement);
        }
      }
    });
    observer.observe(D, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: [
        'href',
        'src',
        'action',
        'formaction',
        'poster',
        'srcset',
        'imagesrcset',
        'data',
        'ping',
        'style',
      ],
    });

    // Forms: form.submit() (no event), requestSubmit and user submits (submit event), formaction of the submitter
    const submit = G.HTMLFormElement.prototype.submit;
    G.HTMLFormElement.prototype.submit = function () {
      fixElement(this);
      return submit.call(this);
    };
    G.addEventListener(
      'submit',
      (/** @type {SubmitEvent} */ e) => {
        const form = /** @type {HTMLFormElement} */ (e.target);
        if (form && form.nodeType === 1) fixElement(form);
        if (e.submitter) fixElement(e.submitter);
      },
      true,
    );
    // Anchor and area clicks (also keyboard activation, which dispatches click)
    G.addEventListener(
      'click',
      (/** @type {MouseEvent} */ e) => {
        const t = /** @type {any} */ (e.target);
        const a = t && t.closest ? t.closest('a[href], area[href]') : null;
        if (a) fixElement(a);
      },
      true,
    );
    // Navigations the runtime cannot intercept (location.href = …, assign, replace: unforgeable): the
    // Navigation API sees them before they leave; a WB destination is cancelled and re-issued mapped.
    if (G.navigation && G.navigation.addEventListener) {
      G.navigation.addEventListener('navigate', (/** @type {any} */ e) => {
        const dest = e.destination && e.destination.url;
        const mapped = toPublic(dest);
        if (!dest || mapped === dest || !e.cancelable) return;
        e.preventDefault();
        if (e.formData) {
          const f = D.createElement('form');
          f.method = 'post';
          f.action = mapped;
          f.enctype = 'multipart/form-data';
          f.style.display = 'none';
          for (const [k, v] of e.formData) {
            const input = D.createElement('input');
            input.name = k;
            if (typeof v === 'string') input.value = v;
            else {
              input.type = 'file';
              const dt = new G.DataTransfer();
              dt.items.add(v);
              input.files = dt.files;
            }
            f.appendChild(input);
          }
          D.documentElement.appendChild(f);
          submit.call(f);
        } else
          G.navigation.navigate(mapped, { history: e.navigationType === 'replace' ? 'replace' : 'auto' });
      });
    }

    // postMessage: target origins WB → public; MessageEvent.origin public → WB (WB compares with its own)
    /**
     * postMessage arguments with the target origin mapped, arity kept (`postMessage(m)` must not become
     * `postMessage(m, undefined, undefined)`, which would mean the origin "undefined").
     * @param {IArguments | any[]} a
     */
    const pmArgs = (a) => {
      const args = Array.prototype.slice.call(a);
      const target = args[1];
      if (target && typeof target === 'object')
        args[1] = { ...target, targetOrigin: originToPublic(target.targetOrigin) };
      else if (args.length > 1) args[1] = originToPublic(target);
      return args;
    };
    const pm = G.postMessage;
    G.postMessage = function () {
      return pm.apply(this, pmArgs(arguments));
    };
    /** @type {WeakMap<object, any>} */
    const proxies = new WeakMap();
    /** Another window, its postMessage and location mapped; one proxy per window keeps `===` working. @param {any} w */
    function wrapWindow(w) {
      if (!w || w === G || typeof w !== 'object') return w;
      let p = proxies.get(w);
      if (p) return p;
      /** @type {Map<string, Function>} */
      const bound = new Map();
      p = new Proxy(w, {
        get(t, key) {
          if (key === 'postMessage') {
            return function () {
              return t.postMessage(...pmArgs(arguments));
            };
          }
          const v = Reflect.get(t, key);
          if (typeof v !== 'function' || typeof key !== 'string') return v;
          let f = bound.get(key);
          if (!f) bound.set(key, (f = v.bind(t)));
          return f;
        },
        set(t, key, value) {
          return Reflect.set(t, key, key === 'location' ? toPublic(value) : value);
        },
      });
      proxies.set(w, p);
      return p;
    }
    /** @param {any} proto @param {string} name */
    function wrapGetter(proto, name) {
      const d = proto && Object.getOwnPropertyDescriptor(proto, name);
      if (!d || !d.get) return;
      const get = d.get;
      Object.defineProperty(proto, name, {
        ...d,
        get() {
          return wrapWindow(get.call(this));
        },
      });
    }
    wrapGetter(G.HTMLIFrameElement && G.HTMLIFrameElement.prototype, 'contentWindow');
    wrapGetter(G.HTMLFrameElement && G.HTMLFrameElement.prototype, 'contentWindow');
    wrapGetter(G.HTMLObjectElement && G.HTMLObjectElement.prototype, 'contentWindow');
    wrapGetter(G.MessageEvent.prototype, 'source');
    for (const name of ['parent', 'top', 'opener']) {
      const d = Object.getOwnPropertyDescriptor(G, name);
      if (d && d.get && d.configurable) {
        const get = d.get;
        Object.defineProperty(G, name, {
          ...d,
          get() {
            return wrapWindow(get.call(this));
          },
        });
      }
    }
    const od = Object.getOwnPropertyDescriptor(G.MessageEvent.prototype, 'origin');
    if (od && od.get) {
      const get = od.get;
      Object.defineProperty(G.MessageEvent.prototype, 'origin', {
        ...od,
        get() {
          return originToWb(get.call(this));
        },
      });
    }

    // document.cookie: a WB Domain attribute → ours; Secure/SameSite=None dropped over http (as the server does)
    const cd = Object.getOwnPropertyDescriptor(G.Document.prototype, 'cookie');
    if (cd && cd.set) {
      const setCookie = cd.set;
      Object.defineProperty(G.Document.prototype, 'cookie', {
        ...cd,
        set(/** @type {any} */ v) {
          setCookie.call(this, typeof v === 'string' ? mapCookie(v) : v);
        },
      });
    }
    /** @param {string} v */
    function mapCookie(v) {
      return v
        .split(';')
        .map((part) => {
          const m = /^(\s*domain\s*=\s*)\.?([^\s;]+)\s*$/i.exec(part);
          if (m) {
            const d = (m[2] || '').toLowerCase();
            if (/^(?:wildberries|wbbasket|wb)\.ru$/.test(d)) return m[1] + '.' + C.base;
            const p = isWb(d) ? pubHost(d) : undefined;
            return p ? m[1] + p : part;
          }
          if (C.scheme === 'http:' && /^\s*(?:secure|partitioned)\s*$/i.test(part)) return null;
          if (C.scheme === 'http:' && /^\s*samesite\s*=\s*none\s*$/i.test(part)) return ' SameSite=Lax';
          return part;
        })
        .filter((part) => part !== null)
        .join(';');
    }

    // history.pushState/replaceState with a WB URL (a SecurityError otherwise)
    for (const name of ['pushState', 'replaceState']) {
      const f = G.History.prototype[name];
      G.History.prototype[name] = function (
        /** @type {any} */ state,
        /** @type {any} */ title,
        /** @type {any} */ url,
      ) {
        return arguments.length > 2 ? f.call(this, state, title, toPublic(url)) : f.call(this, state, title);
      };
    }

    // document.domain: read as WB's host, WB names written as ours
    const dd = Object.getOwnPropertyDescriptor(G.Document.prototype, 'domain');
    if (dd && dd.get && dd.set) {
      const get = dd.get;
      const set = dd.set;
      Object.defineProperty(G.Document.prototype, 'domain', {
        ...dd,
        get() {
          const h = get.call(this);
          return wbHost(h) || h;
        },
        set(/** @type {string} */ v) {
          const h = String(v).toLowerCase().replace(/^\./, '');
          set.call(this, /^wildberries\.ru$/.test(h) ? C.base : pubHost(h) || v);
        },
      });
    }
  }
}
