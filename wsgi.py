from callprep import create_app

app = create_app()
