// A stale form's differences: each field where what is stored now and what the person typed
// differ, side by side, so they choose knowingly instead of overwriting.

/** [field, stored now, yours] rows; none: the two agree. */
export type DifferenceRow = [field: string, storedNow: string, yours: string];

export function DifferencesTable({ rows, agree }: { rows: DifferenceRow[]; agree: string }) {
  if (rows.length === 0) return <p>{agree}</p>;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Stored now</th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, now, yours]) => (
            <tr>
              <th scope="row">{field}</th>
              <td>{now}</td>
              <td>{yours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
