-- What the shopper's client can show (JSON array of feature names, e.g. ["checkout"]), so the
-- assistant never offers something the widget in front of the shopper cannot display.
alter table conversation add column client_features text not null default '[]';
