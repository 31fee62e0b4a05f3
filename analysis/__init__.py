"""Reading what runs wrote, and making figures and reports from it."""
