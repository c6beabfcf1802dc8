-- The example's first rows (database crm, tables from docs/examples/mvp/source.sql): 100 customers, each with
-- an address, as `datasurface up` seeds. Run again, it adds nothing.
INSERT INTO customers (id, first_name, last_name, email, phone, dob)
SELECT 'C' || g, 'First' || g, 'Last' || g, 'customer' || g || '@example.com', '555-' || lpad(g::text, 4, '0'),
       date '1970-01-01' + g * 97
FROM generate_series(1, 100) AS g
ON CONFLICT DO NOTHING;
INSERT INTO addresses (id, customer_id, kind, street, city, state, zip)
SELECT 'A' || g, 'C' || g, CASE WHEN g % 2 = 0 THEN 'billing' ELSE 'shipping' END, g || ' Main Street',
       'Springfield', 'IL', lpad((62700 + g)::text, 5, '0')
FROM generate_series(1, 100) AS g
ON CONFLICT DO NOTHING;
