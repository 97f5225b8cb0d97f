import { Form } from "@remix-run/react";

/** The search box over people (name, email or phone) of the admin's and the organizer's account pages. */
export function PeopleSearchForm({ query }: { query: string }) {
  return (
    <Form method="get" className="row" role="search">
      <input type="search" name="q" defaultValue={query} aria-label="Tìm theo tên, email, số điện thoại" placeholder="Tìm theo tên, email, số điện thoại" />
      <button type="submit" className="button">
        Tìm
      </button>
    </Form>
  );
}
