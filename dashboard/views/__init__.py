"""One module per dashboard page, each with render(as_of, publication). (Not `pages/`: Streamlit
would take a folder of that name beside app.py for pages of its own.)"""
