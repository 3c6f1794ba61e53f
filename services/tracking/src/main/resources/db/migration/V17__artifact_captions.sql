-- What an artifact (an image of a gallery) shows, as its uploader put it: "sample 17, label=cat".
alter table artifact add column caption text not null default '';
