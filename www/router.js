/**
 * Where the app is. Views live in the fragment (`#/users`, `#/profile`), so the static server
 * needs only two pages: `/` (index.html) and `/reset-password` (reset-password.html), the
 * path of mailed reset links, whose `?hash=` the reset view reads.
 */

/** The current route: its name and its parameters. */
export function currentRoute() {
  if (location.pathname.endsWith('/reset-password')) {
    return { name: 'reset-password', params: new URLSearchParams(location.search) };
  }
  const [name, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { name, params: new URLSearchParams(query) };
}

/** The address of a view: `href('users')` is `./#/users`, relative to the app's folder. */
export function href(name) {
  return new URL(`./#/${name}`, location.href).href;
}

/** Whether a fragment names a view (`#/users`, or none) rather than an in-page anchor (`#main`). */
export function isViewHash(hash) {
  return hash === '' || hash.startsWith('#/');
}

/** Whether a link leads to one of the app's own views (and can be followed without a reload). */
export function isAppLink(url) {
  const base = new URL('.', location.href);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return false;
  const page = url.pathname.slice(base.pathname.length);
  if (page === 'reset-password') return true;
  return (page === '' || page === 'index.html') && isViewHash(url.hash);
}
