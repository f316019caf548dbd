"""What the product's apps share that is not about schools: errors, HTTP file
responses, form fields (ids, days), the one status change, the one upload check, the
one workbook writer, text and Vietnamese (collation, dates, numbers in words), bulk
writes, e-mail after commit and the per-request cache. It imports no app; every app
may import it."""
