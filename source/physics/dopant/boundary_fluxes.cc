#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/dopant/dopant_diffusion.h>

// The outward flux of every dopant through each named boundary.

namespace Fluxion
{
  template <int dim>
  BoundaryFluxData
  DopantDiffusion<dim>::boundary_fluxes() const
  {
    const unsigned int n_species = dopants.size();
    const auto &conditions = surface_conditions[process->step_index(time)];
    std::vector<double> surface(n_species, 0.0);

    // A prescribed surface concentration: the reaction, the sum of the
    // residual rows of the surface DoFs. Every test function of a dopant
    // sums to one, so the transport terms of all its rows cancel (as do
    // the interface transfer and the symmetric positivity correction), and
    // every other row vanishes at convergence: the surface rows hold minus
    // the discrete time derivative of the lumped dose.
    for (unsigned int i = 0; i < n_species; ++i)
      if (conditions[i] && conditions[i]->is_essential())
        for (const auto dof : field_dofs[i])
          surface[i] -=
            lumped_mass[dof] * (last_step.alpha * solution[dof] - history[dof]);

    // Mass transfer: the integral of h (C - C*), with the face rule of the
    // weak form (nodal).
    Quadrature<dim - 1> face_quadrature;
    if constexpr (dim > 1)
      face_quadrature = QGaussLobatto<dim - 1>(degree + 1);
    else
      face_quadrature = QGauss<dim - 1>(1);
    FEFaceValues<dim>           fe_face(*context.mapping,
                              *fe,
                              face_quadrature,
                              update_values | update_quadrature_points |
                                update_JxW_values);
    std::vector<Vector<double>> values(face_quadrature.size(),
                                       Vector<double>(n_species));
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() &&
              cell->face(f)->boundary_id() == surface_id &&
              in_window(cell->face(f)->center()))
            {
              fe_face.reinit(cell, f);
              fe_face.get_function_values(solution, values);
              for (unsigned int i = 0; i < n_species; ++i)
                if (conditions[i] && !conditions[i]->is_essential())
                  {
                    const double K =
                      concentration_factor(i, cell->material_id());
                    for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                      surface[i] -= conditions[i]
                                      ->flux(fe_face.quadrature_point(q),
                                             time,
                                             K * values[q][i])
                                      .inward_flux *
                                    fe_face.JxW(q);
                  }
            }

    // The other boundaries are inert (interfaces between silicon and oxide
    // pass dopant within the domain).
    BoundaryFluxData result(n_species);
    for (unsigned int i = 0; i < n_species; ++i)
      {
        const double total =
          Utilities::MPI::sum(surface[i], context.mpi_communicator);
        for (const auto &b : context.boundary_ids)
          result.total[i][b.first] = b.second == surface_id ? total : 0.0;
      }
    return result;
  }

  template BoundaryFluxData
  DopantDiffusion<1>::boundary_fluxes() const;
  template BoundaryFluxData
  DopantDiffusion<2>::boundary_fluxes() const;
  template BoundaryFluxData
  DopantDiffusion<3>::boundary_fluxes() const;
} // namespace Fluxion
