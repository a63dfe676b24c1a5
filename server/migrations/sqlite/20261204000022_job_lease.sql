-- Which instance runs each background job: the holder renews its lease every pass; another
-- instance takes the job over only once the lease has run out.
create table job_lease (
    job text primary key,
    holder text not null,
    expires_at text not null
);
