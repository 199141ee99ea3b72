ALTER TABLE orders ALTER COLUMN assignee_id DROP NOT NULL; -- expect: ban-drop-not-null
ALTER TABLE shop.users ALTER email DROP NOT NULL, ALTER name DROP NOT NULL; -- expect: ban-drop-not-null, ban-drop-not-null
