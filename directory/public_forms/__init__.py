"""Messages from the public: problems reported with a listing, employers' enquiries, suggested resources."""
