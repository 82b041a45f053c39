import { EmptyState } from '../components/empty-state';
import { Link } from '../components/link';

export function NotFoundScreen({ home }: { home: string }) {
  return (
    <div className="page">
      <h1 className="page-title">Page not found</h1>
      <EmptyState title="There is nothing at this address.">
        <Link to={home}>Go to the start page</Link>
      </EmptyState>
    </div>
  );
}
