"""What every file import shares (survey responses, key figures): reading a CSV file or Excel
workbook row by row (reading.py), problems by row and column (problems.py), the uploaded file
kept privately between the steps (uploads.py) and the upload's form field (forms.py)."""
