"""The advice directory: sources of advice for public sector innovators, find help, and the Open Referral
UK export. A feature app of its own (label `advice`), living in portal/ beside the shared code."""
