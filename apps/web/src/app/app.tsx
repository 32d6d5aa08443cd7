import { useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Link, NavLink, Route, Routes } from 'react-router-dom';
import { useMe } from '../features/auth/api/get-me';
import { LoginPage } from '../features/auth/components/login-page';
import { useSessionToken } from '../features/auth/hooks/use-session-token';
import { SystemStatusPage } from '../features/system/components/system-status-page';
import { session } from '../lib/api';

function Shell() {
  const me = useMe();
  const queryClient = useQueryClient();
  const signOut = () => {
    session.clear();
    queryClient.clear();
  };
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Plumbline
        </Link>
        <nav>
          <NavLink to="/">System status</NavLink>
        </nav>
        <span className="spacer" />
        {me.data && (
          <span className="muted" data-testid="current-user">
            {me.data.email} ({me.data.role})
          </span>
        )}
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="content">
        <Routes>
          <Route path="/" element={<SystemStatusPage />} />
          <Route
            path="*"
            element={
              <section>
                <h2>Not found</h2>
                <p>
                  There is no page here. <Link to="/">Back to system status</Link>.
                </p>
              </section>
            }
          />
        </Routes>
      </main>
    </>
  );
}

export function App() {
  const token = useSessionToken();
  return <BrowserRouter>{token ? <Shell /> : <LoginPage />}</BrowserRouter>;
}
