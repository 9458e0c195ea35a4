"""Bulk and pushed data from other systems.

- ``bulk``: CSV / JSON lines readers and ``BulkImport`` (batches the caller commits)
- ``mappings``: column mappings and presets
- ``marketo``: Marketo activity pages
- ``webhooks``: signed webhook deliveries (signature schemes included); ``deliveries``: each
  delivery stored event by event and recorded; ``hubspot``, ``mautic``, ``vendor_fields``: the
  vendors' shapes and field names
"""
