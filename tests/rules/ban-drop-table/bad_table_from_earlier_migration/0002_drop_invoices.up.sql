DROP TABLE invoices; -- expect: ban-drop-table
